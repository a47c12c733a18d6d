// Package gm is the SM4-GCM family of FaceID's sensitive-data encryption
// (faceid-api.md §5): a [faceid.Sealer] whose envelopes hold a random
// 16-byte SM4 key wrapped with the FaceID console's SM2 public key.
//
// It is a module of its own, built on github.com/emmansun/gmsm, so that
// the core module github.com/faceid-go/faceid keeps no third-party
// dependency: only programs that choose the SM family import it.
package gm
