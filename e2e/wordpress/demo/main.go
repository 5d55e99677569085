// Command demo runs the widget service with its WordPress.com simulator and
// a real WordPress site (Debian's packages: wordpress,
// wordpress-theme-twentytwentyone, php-cli, php-mysql, mariadb-server)
// whose post and sidebar embed the widgets, so a person can look at them in
// a browser:
//
//	go run ./e2e/wordpress/demo
//
// It prints the addresses, and cleans up (the database too) on Ctrl-C.
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/wpcom-widgets/service/model"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/e2e/wordpress"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "where the widget service listens (127.0.0.1 only: WordPress is allowed to reach it there)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr string) error {
	dir, err := os.MkdirTemp("", "widgets-wordpress-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	sim := wpcomtest.NewServer(wpcomtest.Options{SelfImages: true})
	defer sim.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	sim.AddApp(wpcomtest.App{ClientID: "1000", Secret: "demo-secret", Name: "Follow & Like widgets (demo)",
		RedirectURIs: []string{base + "/auth/callback"}})
	a, err := app.New(ctx, app.Config{BaseURL: base, DataDir: dir, WPCOMURL: sim.URL, ClientID: "1000",
		ClientSecret: "demo-secret", RefreshInterval: 10 * time.Minute, Demo: true, Logger: log,
		ImageProxy: true, ImageCacheBytes: 64 << 20, ImageAllowPrivate: true}) // the simulator's pictures are on loopback
	if err != nil {
		return err
	}
	defer a.Close()
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	seed := func(kind string, count int, layout string) (string, error) {
		return stack.SeedWidget(ctx, a, sim.Simulator, "1000", wpcomtest.DemoUser, kind, count, layout, "auto")
	}
	following, err := seed("following", 20, "list")
	if err != nil {
		return err
	}
	liked, err := seed("liked", 5, "list")
	if err != nil {
		return err
	}
	grid, err := seed("liked", 4, "grid")
	if err != nil {
		return err
	}
	fmt.Println("starting WordPress (PHP's built-in server, a fresh MariaDB database)…")
	wp, err := wordpress.Start(ctx, wordpress.Options{Dir: dir, ServiceHost: "127.0.0.1", ServicePort: ln.Addr().(*net.TCPAddr).Port})
	if err != nil {
		return err
	}
	defer wp.Close()
	post, err := wp.Post(ctx, "What I read", "<!-- wp:paragraph --><p>The blogs I follow, embedded by pasting the widget's link:</p><!-- /wp:paragraph -->\n\n"+
		wordpress.EmbedBlock(base+"/w/"+following))
	if err != nil {
		return err
	}
	var script string
	gw := model.Defaults(model.Liked)
	gw.ID, gw.Layout = grid, model.Grid
	for _, sn := range render.Snippets(base, gw) {
		if sn.Key == "script" {
			script = sn.Text
		}
	}
	if err := wp.Sidebar(ctx, []string{wordpress.EmbedBlock(base + "/w/" + liked)}, []string{script}); err != nil {
		return err
	}
	fmt.Printf(`
WordPress post with the widgets:  %s
  (the post embeds "Blogs I Follow" through oEmbed; the footer widget area has
   an Embed block and a Custom HTML widget with the script snippet)
Widget service:                   %s  (connect as any simulated member)
Press Ctrl-C to stop; everything is removed.
`, post, base)
	<-ctx.Done()
	fmt.Println("stopping…")
	return nil
}
