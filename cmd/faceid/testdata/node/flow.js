// The whole SaaS flow and a PaaS action, run by Tencent's Node.js SDK,
// unchanged, against `faceid sandbox` (cmd/faceid/node_test.go runs it).
//
//   FACEID_ENDPOINT=127.0.0.1:8099 node flow.js          every check below
//   FACEID_ENDPOINT=127.0.0.1:8099 node flow.js strict   the sandbox runs --strict
//
// It exits non-zero with the reason on stderr at the first answer that is
// not the sandbox's documented one, and prints a JSON summary on stdout
// when all are. It prints no name, ID number or media.
"use strict";

const tencentcloud = require("tencentcloud-sdk-nodejs");

const endpoint = process.env.FACEID_ENDPOINT; // host:port, as a team would configure it
const secretId = process.env.TENCENTCLOUD_SECRET_ID;
const secretKey = process.env.TENCENTCLOUD_SECRET_KEY;
const strict = process.argv[2] === "strict";

// Fictional identity: a made-up ID number with a valid check digit.
const name = "测试一";
const idCard = "110101199003071233";
const redirectUrl = "https://merchant.example/back?order=42";

function fail(why) {
  console.error("node flow: " + why);
  process.exit(1);
}

function check(ok, why) {
  if (!ok) fail(why);
}

function client(key) {
  return new tencentcloud.faceid.v20180301.Client({
    credential: { secretId, secretKey: key },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint, protocol: "http://" } },
  });
}

// refused returns the error code of a call that must fail.
async function refused(call) {
  try {
    await call();
  } catch (err) {
    return err.code;
  }
  fail("a call that must be refused succeeded");
}

// isJPEG and isMP4 look at the magic bytes of base64 media.
function isJPEG(b64) {
  const b = Buffer.from(b64 || "", "base64");
  return b.length > 100 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function isMP4(b64) {
  const b = Buffer.from(b64 || "", "base64");
  return b.length > 100 && b.toString("latin1", 4, 8) === "ftyp";
}

async function main() {
  if (!endpoint || !secretId || !secretKey) fail("set FACEID_ENDPOINT, TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY");
  const faceid = client(secretKey);

  if (strict) {
    // Under --strict the sandbox wants the real service's exact signature,
    // which this SDK does not make against a local address.
    const code = await refused(() => faceid.DetectAuth({ RuleId: "1" }));
    check(code === "AuthFailure.SignatureFailure", `strict DetectAuth: want AuthFailure.SignatureFailure, got ${code}`);
    console.log(JSON.stringify({ strict: true, refusedWith: code }));
    return;
  }

  // DetectAuth starts the flow.
  const auth = await faceid.DetectAuth({ RuleId: "1", Name: name, IdCard: idCard, RedirectUrl: redirectUrl });
  check(/^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/.test(auth.BizToken), "DetectAuth: BizToken is not an upper-case UUID");
  check(auth.Url === `http://${endpoint}/h5/${auth.BizToken}`, "DetectAuth: Url is not the sandbox's hosted page");
  check(typeof auth.RequestId === "string" && auth.RequestId !== "", "DetectAuth: no RequestId");

  // A wrong key is refused.
  const wrongKey = await refused(() => client("wrong-key").DetectAuth({ RuleId: "1" }));
  check(wrongKey === "AuthFailure.SignatureFailure", `wrong key: want AuthFailure.SignatureFailure, got ${wrongKey}`);

  // A PaaS action: the pass, and the fifth outcome selected by a magic name.
  const verified = await faceid.IdCardVerification({ IdCard: idCard, Name: name });
  check(verified.Result === "0", `IdCardVerification: want Result "0", got ${verified.Result}`);
  const magic = await faceid.IdCardVerification({ IdCard: idCard, Name: name + "结果4" });
  check(magic.Result === "-4", `IdCardVerification with 结果4: want Result "-4", got ${magic.Result}`);

  // Before the person finishes, the result is "not finished".
  const pending = await faceid.GetDetectInfoEnhanced({ BizToken: auth.BizToken, RuleId: "1" });
  check(pending.Text && pending.Text.ErrCode === null, "GetDetectInfoEnhanced before the page: ErrCode is not null");

  // The person completes the hosted page: it shows the outcome form, and
  // submitting it redirects to RedirectUrl with the BizToken.
  const page = await fetch(auth.Url);
  const html = await page.text();
  check(page.status === 200, `GET ${auth.Url}: status ${page.status}`);
  check(html.includes('id="outcome"') && html.includes(auth.BizToken), "hosted page: no outcome form for the BizToken");
  const submitted = await fetch(auth.Url, {
    method: "POST",
    body: new URLSearchParams({ token: auth.BizToken, outcome: "0" }),
    redirect: "manual",
  });
  check(submitted.status === 302, `POST ${auth.Url}: want 302, got ${submitted.status}`);
  const back = new URL(submitted.headers.get("location"));
  check(back.origin + back.pathname === "https://merchant.example/back", "hosted page: not redirected to RedirectUrl");
  check(back.searchParams.get("order") === "42" && back.searchParams.get("BizToken") === auth.BizToken,
    "hosted page: the redirect lost the query or the BizToken");

  // The result: passed, the inputs echoed, real media.
  const info = await faceid.GetDetectInfoEnhanced({ BizToken: auth.BizToken, RuleId: "1", InfoType: "0" });
  check(info.Text.ErrCode === 0, `GetDetectInfoEnhanced: want ErrCode 0, got ${info.Text.ErrCode}`);
  check(info.Text.Name === name && info.Text.IdCard === idCard, "GetDetectInfoEnhanced: Name and IdCard not echoed");
  check(Number(info.Text.Sim) >= 70, "GetDetectInfoEnhanced: similarity below the pass threshold");
  check(isJPEG(info.BestFrame.BestFrame), "GetDetectInfoEnhanced: BestFrame is not a JPEG");
  check(isMP4(info.VideoData.LivenessVideo), "GetDetectInfoEnhanced: LivenessVideo is not an MP4");

  console.log(JSON.stringify({
    bizToken: auth.BizToken,
    wrongKey,
    idCardVerification: [verified.Result, magic.Result],
    redirectStatus: submitted.status,
    errCode: info.Text.ErrCode,
    bestFrameBytes: Buffer.from(info.BestFrame.BestFrame, "base64").length,
    videoBytes: Buffer.from(info.VideoData.LivenessVideo, "base64").length,
  }));
}

main().catch((err) => fail(`${err.code || "error"}: ${err.message}`));
