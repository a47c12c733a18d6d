package faceid_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/faceid-go/faceid"
	"github.com/faceid-go/faceid/faceidtest"
)

// One runnable example per area of the API, each against the offline
// sandbox. Against the real service, create the client with NewClient
// instead: the calls are the same.

// App SDK: start a flow for the client SDK, then pull its result.
func ExampleClient_GetFaceIdToken() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	tok, err := client.GetFaceIdToken(ctx, &faceid.GetFaceIdTokenRequest{
		CompareLib: "BUSINESS", Name: faceidtest.FictionalName, IDCard: faceidtest.FictionalIDCard,
	})
	if err != nil {
		log.Fatal(err)
	}
	// Hand tok.FaceIDToken and tok.ClientConfig to the App SDK; here the
	// sandbox plays the person.
	if err := srv.Complete(tok.FaceIDToken, faceidtest.Pass()); err != nil {
		log.Fatal(err)
	}
	res, err := client.GetFaceIdResult(ctx, &faceid.GetFaceIdResultRequest{FaceIDToken: tok.FaceIDToken})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Verdict().Passed)
	// Output: true
}

// eID: start a flow, poll its state, pull its result.
func ExampleClient_GetEidToken() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	tok, err := client.GetEidToken(ctx, &faceid.GetEidTokenRequest{MerchantID: "merchant-1"})
	if err != nil {
		log.Fatal(err)
	}
	status, err := client.CheckEidTokenStatus(ctx, &faceid.CheckEidTokenStatusRequest{EidToken: tok.EidToken})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(status.Status, status.Outcome().Category)
	if err := srv.Complete(tok.EidToken, faceidtest.Pass()); err != nil {
		log.Fatal(err)
	}
	res, err := client.GetEidResult(ctx, &faceid.GetEidResultRequest{EidToken: tok.EidToken})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Verdict().Passed)
	// Output:
	// init pending
	// true
}

// Identity: a name and an ID number checked against the authority.
func ExampleClient_IdCardVerification() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()

	// In the sandbox, the name's suffix 结果1 selects the second outcome.
	resp, err := srv.Client().IdCardVerification(ctx, &faceid.IdCardVerificationRequest{
		Name: faceidtest.SelectResult.Text(faceidtest.FictionalName, 1), IDCard: faceidtest.FictionalIDCard,
	})
	if err != nil {
		log.Fatal(err)
	}
	o := resp.Outcome()
	fmt.Println(o.Code, o.Category, o.Billing)
	// Output: -1 mismatch billed
}

// Phone: a phone number, a name and an ID number with one carrier.
func ExampleClient_PhoneVerificationCMCC() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()

	resp, err := srv.Client().PhoneVerificationCMCC(ctx, &faceid.PhoneVerificationCMCCRequest{
		Name: faceidtest.FictionalName, IDCard: faceidtest.FictionalIDCard, Phone: "13800000000",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Outcome().Passed())
	// Output: true
}

// Bank card: the card's bank and type.
func ExampleClient_CheckBankCardInformation() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()

	// A card number 100001…N selects the documented error N, here the
	// first one the action lists.
	_, err := srv.Client().CheckBankCardInformation(ctx, &faceid.CheckBankCardInformationRequest{
		BankCard: faceidtest.SelectError.BankCard(0),
	})
	var apiErr *faceid.APIError
	fmt.Println(errors.As(err, &apiErr), faceid.RequestID(err) != "")
	// Output: true true
}

// Liveness (PaaS): a video compared with a photo.
func ExampleClient_LivenessCompare() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()

	resp, err := srv.Client().LivenessCompare(ctx, &faceid.LivenessCompareRequest{
		LivenessType: "SILENT",
		Image:        faceidtest.SelectResult.Image(0),
		Video:        faceidtest.SelectResult.Video(0),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Outcome().Passed(), resp.Sim >= 70)
	// Output: true true
}

// NFC: a token for the NFC SDK, then the document it read.
func ExampleClient_GetNFCToken() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	tok, err := client.GetNFCToken(ctx, &faceid.GetNFCTokenRequest{})
	if err != nil {
		log.Fatal(err)
	}
	doc, err := client.GetWxNFCResult(ctx, &faceid.GetWxNFCResultRequest{NFCToken: tok.Token})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Outcome().Passed())
	// Output: true
}

// Device risk: a token for the risk SDK, then the device's risk level.
func ExampleClient_GetFaceIdRiskInfo() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()
	client := srv.Client()

	tok, err := client.GetFaceidRiskInfoToken(ctx, &faceid.GetFaceidRiskInfoTokenRequest{})
	if err != nil {
		log.Fatal(err)
	}
	risk, err := client.GetFaceIdRiskInfo(ctx, &faceid.GetFaceIdRiskInfoRequest{FaceIDToken: tok.FaceIDToken})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(risk.DeviceInfoLevel)
	// Output: 1
}

// Billing: every billed flow of a day, across pages.
func ExampleClient_WeChatBills() {
	ctx := context.Background()
	srv := faceidtest.NewServer()
	defer srv.Close()

	n := 0
	for _, err := range srv.Client().WeChatBills(ctx, &faceid.GetWeChatBillDetailsRequest{Date: "2026-11-30"}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "billed flows")
	// Output: 0 billed flows
}
