package wpcomtest

import (
	_ "embed"
	"html/template"
	"log"
	"net/http"
)

//go:embed consent.html.tmpl
var consentSource string

var pages = template.Must(template.New("consent").Parse(consentSource))

type consentData struct {
	App         App
	Members     []*Member
	RedirectURI string
	Scope       string
	State       string
	ErrorCode   string
	ErrorText   string
}

func (s *Simulator) consentPage(w http.ResponseWriter, r *http.Request, ar authRequest, members []*Member) {
	render(w, http.StatusOK, consentData{App: ar.app, Members: members, RedirectURI: ar.redirectURI,
		Scope: ar.scope, State: ar.state})
}

// errorPage is what WordPress.com shows for a bad authorize request: an
// HTML page naming the error code, and no redirect.
func (s *Simulator) errorPage(w http.ResponseWriter, code, msg string) {
	render(w, http.StatusBadRequest, consentData{ErrorCode: code, ErrorText: msg})
}

func render(w http.ResponseWriter, status int, d consentData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := pages.Execute(w, d); err != nil {
		log.Printf("wpcomtest: consent page: %v", err)
	}
}
