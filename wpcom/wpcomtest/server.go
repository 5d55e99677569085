package wpcomtest

import "net/http/httptest"

// The application every NewServer registers, for tests.
const (
	TestClientID    = "81234"
	TestSecret      = "test-secret-6f1c2b"
	TestRedirectURI = "http://127.0.0.1/auth/callback"
)

// Server is a simulator listening on a 127.0.0.1 port.
type Server struct {
	*Simulator
	URL string // http://127.0.0.1:port, the base for /oauth2 and /rest
	srv *httptest.Server
}

// NewServer starts a simulator on a loopback port, with the test app
// (TestClientID, TestSecret, TestRedirectURI) registered in addition to
// opts.Apps. Close it when done.
func NewServer(opts Options) *Server {
	opts.Apps = append([]App{{ClientID: TestClientID, Secret: TestSecret, Name: "Widgets (test)",
		RedirectURIs: []string{TestRedirectURI}}}, opts.Apps...)
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	if opts.SelfImages {
		opts.ImageBase = url
	}
	sim := New(opts)
	srv.Config.Handler = sim
	srv.Start()
	return &Server{Simulator: sim, URL: url, srv: srv}
}

// Close shuts the server down; later calls fail to connect, as when
// WordPress.com is unreachable.
func (s *Server) Close() { s.srv.Close() }
