package main

// pageTemplates holds the app's pages: start (the form, and the flow in
// progress if any), pending (the person came back before finishing), result
// and refused.
const pageTemplates = `
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop — identity check</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}label{display:block;margin:.6rem 0}
.passed{color:#176f2c}.failed{color:#a11}</style></head><body>{{end}}
{{define "continue"}}<p><a id="continue" href="{{.PageURL}}">Go back to the verification page</a> ·
<a id="check" href="/return?token={{.Token}}">See the result</a></p>{{end}}
{{define "start"}}{{template "head"}}<h1>Verify your identity</h1>
{{with .Error}}<p class="failed" id="error">{{.}}</p>{{end}}
{{with .Flow}}<div id="in-progress"><p>A verification you started in this browser is not finished.</p>
{{template "continue" .}}<p>Or start a new one below; the one in progress is then abandoned.</p></div>
{{else}}<p>We will send you to the FaceID page to check your ID card and face.</p>{{end}}
<form method="post" action="/start">
<input type="hidden" name="csrf" value="{{.CSRF}}">
{{with .Flow}}<input type="hidden" name="replace" value="{{.Replace}}">{{end}}
<label>Name <input id="name" name="name" autocomplete="off"></label>
<label>ID number <input id="idcard" name="idcard" autocomplete="off"></label>
<button id="start" type="submit">{{if .Flow}}Abandon it and start a new verification{{else}}Start verification{{end}}</button>
</form></body></html>{{end}}
{{define "pending"}}{{template "head"}}<h1>Not finished yet</h1>
<p id="pending">The verification is not finished yet. Finish it on the verification page; you will be brought back here.</p>
{{template "continue" .}}</body></html>{{end}}
{{define "result"}}{{template "head"}}<h1>Verification result</h1>
<p id="verdict" class="{{if .Passed}}passed{{else}}failed{{end}}">{{if .Passed}}passed{{else}}failed{{end}}</p>
<p id="detail">{{.Verdict}}</p>
<dl><dt>Category</dt><dd id="category">{{.Category}}</dd><dt>Similarity</dt><dd id="similarity">{{if .HasSim}}{{printf "%.2f" .Similarity}}{{else}}not measured{{end}}</dd>
<dt>Name</dt><dd>{{.Name}}</dd><dt>ID number</dt><dd>{{.IDCard}}</dd><dt>Media received</dt><dd>{{.Media}} files</dd></dl>
<p><a href="/">Start again</a></p></body></html>{{end}}
{{define "refused"}}{{template "head"}}<h1>Request refused</h1><p id="refused">{{.Reason}}</p>
<p><a href="/">Start again</a></p></body></html>{{end}}
`
