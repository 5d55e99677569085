package scale

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// dataTime is when the members' data was made: a fixed date, as data
// only; nothing compares it with the clock.
var dataTime = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// Per member: the blogs they follow and the posts they like, out of a
// pool of sites shared by everyone (as popular blogs are), each with one
// post. A member's lists fill with one call each.
const (
	followsEach = 4
	likesEach   = 3
)

// members are n WordPress.com members with public follows and likes.
func members(n int) []*wpcomtest.Member {
	nsites := max(n/10, 50)
	sites := make([]*wpcomtest.Site, nsites)
	posts := make([]*wpcomtest.Post, nsites)
	for i := range sites {
		s := &wpcomtest.Site{ID: int64(62_000_000 + i), FeedID: int64(82_000_000 + i), Name: fmt.Sprintf("Blog number %d", i),
			Description: "A blog among many.", URL: fmt.Sprintf("https://blog%d.wordpress.com", i),
			FeedURL: fmt.Sprintf("https://blog%d.wordpress.com/feed/", i), Lang: "en"}
		sites[i] = s
		posts[i] = &wpcomtest.Post{ID: int64(2_000_000 + i), Site: s, Title: fmt.Sprintf("A post on blog %d", i),
			URL: s.URL + "/2026/10/31/a-post/", Content: "<p>A post.</p>", Excerpt: "<p>A post.</p>", Date: dataTime.Add(-48 * time.Hour),
			Author:        wpcomtest.Author{ID: int64(6_000_000 + i), Login: fmt.Sprintf("writer%d", i), Name: fmt.Sprintf("Writer %d", i)},
			FeaturedMedia: map[string]any{}}
	}
	ms := make([]*wpcomtest.Member, n)
	for i := range ms {
		m := &wpcomtest.Member{ID: memberID(i), Username: username(i), DisplayName: fmt.Sprintf("Member %d", i),
			Email: fmt.Sprintf("member%d@example.com", i), PrimaryBlogID: sites[i%nsites].ID, PrimaryBlogURL: sites[i%nsites].URL,
			Joined: dataTime.AddDate(-2, 0, 0)}
		for k := range followsEach {
			s := sites[(i*7+k*13)%nsites]
			m.Follows = append(m.Follows, wpcomtest.Follow{SubID: int64(900_000_000 + i*followsEach + k), Site: s,
				Subscribed: dataTime.Add(-time.Duration(k+1) * time.Hour)})
		}
		for k := range likesEach {
			m.Likes = append(m.Likes, wpcomtest.Like{Post: posts[(i*11+k*17+5)%nsites], Liked: dataTime.Add(-time.Duration(k+1) * time.Minute)})
		}
		ms[i] = m
	}
	return ms
}

func memberID(i int) int64      { return int64(72_000_000 + i) }
func username(i int) string     { return fmt.Sprintf("member%d", i) }
func widgetMember(i, m int) int { return i % m }

// widget is one seeded widget, as visitors embed it.
type widget struct {
	id     string
	member int
	path   string // /w/ID, /w/ID.js or /w/ID.json: one way per widget, as a site embeds it
}

// seed migrates the database at dbURL and fills it: an account per
// member, their token issued by the simulator and sealed with key as the
// sign-in callback seals it, and widgets spread over them (following and
// liked in turn), in two COPYs. The replicas read them through the store
// like any other, so a row the store cannot read fails the run.
func seed(ctx context.Context, dbURL string, key []byte, sim *wpcomtest.Simulator, clientID string, p Params) ([]widget, error) {
	st, err := store.OpenPostgres(ctx, dbURL) // migrates
	if err != nil {
		return nil, err
	}
	st.Close()
	kr, err := seal.NewKeyring(key)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("scale: seed: %w", err)
	}
	defer conn.Close(ctx)

	now := dataTime.UnixMilli()
	accounts := make([][]any, p.Members)
	for i := range accounts {
		tok := sim.IssueToken(clientID, username(i), "global")
		sealed, err := kr.Seal([]byte(tok), model.TokenContext(memberID(i)))
		if err != nil {
			return nil, err
		}
		accounts[i] = []any{memberID(i), username(i), fmt.Sprintf("Member %d", i), sealed, "global", string(model.StatusActive), now, now, now}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"accounts"},
		[]string{"id", "username", "display_name", "sealed_token", "scope", "status", "created_at", "updated_at", "connected_at"},
		pgx.CopyFromRows(accounts)); err != nil {
		return nil, fmt.Errorf("scale: seed accounts: %w", err)
	}

	ws := make([]widget, p.Widgets)
	rows := make([][]any, p.Widgets)
	for i := range ws {
		kind := model.Following
		if (i/p.Members)%2 == 1 {
			kind = model.Liked
		}
		w := model.Defaults(kind)
		w.ID, w.AccountID = widgets.NewID(), memberID(widgetMember(i, p.Members))
		d, l := w.Display, w.Look
		rows[i] = []any{w.ID, w.AccountID, string(w.Kind), w.Title, w.Count, string(w.Layout), string(w.Theme),
			d.ShowTitle, d.ShowImages, d.ShowMeta, d.ShowExcerpts, d.NewTab, d.MaxWidth,
			l.Dark, l.Text, l.Link, l.Font, w.Lang, w.EmptyText, d.TitleLines, now + int64(i), now + int64(i)}
		path := "/w/" + w.ID // the frame: oEmbed in WordPress, iframes
		switch i % 10 {
		case 6, 7, 8:
			path += ".js"
		case 9:
			path += ".json"
		}
		ws[i] = widget{id: w.ID, member: widgetMember(i, p.Members), path: path}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"widgets"},
		[]string{"id", "account_id", "kind", "title", "item_count", "layout", "theme",
			"show_title", "show_images", "show_meta", "show_excerpts", "new_tab", "max_width",
			"site_dark", "site_text", "site_link", "site_font", "lang", "empty_text", "title_lines", "created_at", "updated_at"},
		pgx.CopyFromRows(rows)); err != nil {
		return nil, fmt.Errorf("scale: seed widgets: %w", err)
	}
	if _, err := conn.Exec(ctx, "ANALYZE accounts; ANALYZE widgets"); err != nil {
		return nil, fmt.Errorf("scale: seed: %w", err)
	}
	return ws, nil
}
