package wordpress

import (
	"context"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EmbedBlock is what the block editor saves when a URL is pasted into an
// Embed block (or alone on a line in a post).
func EmbedBlock(url string) string {
	return `<!-- wp:embed {"url":"` + url + `","type":"rich","providerNameSlug":"follow-like-widgets"} -->
<figure class="wp-block-embed is-type-rich is-provider-follow-like-widgets wp-block-embed-follow-like-widgets"><div class="wp-block-embed__wrapper">
` + url + `
</div></figure>
<!-- /wp:embed -->`
}

// phpString is s as a PHP expression. It travels base64-encoded, so no
// character of s can be misread by PHP's own string syntax.
func phpString(s string) string {
	return "base64_decode('" + base64.StdEncoding.EncodeToString([]byte(s)) + "')"
}

// Post publishes a post by the administrator and returns its URL.
func (s *Site) Post(ctx context.Context, title, content string) (string, error) {
	out, err := s.PHP(ctx, `$id = wp_insert_post(['post_title' => `+phpString(title)+`, 'post_content' => `+phpString(content)+`,
	'post_status' => 'publish', 'post_author' => 1], true);
if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
echo get_permalink($id);`)
	if err != nil {
		return "", fmt.Errorf("wordpress: post: %w", err)
	}
	return strings.TrimSpace(out), nil
}

// Sidebar fills the theme's first widget area: block widgets (block markup,
// as the widget block editor saves it) and Custom HTML widgets (as an
// administrator, who may save scripts, saves them).
func (s *Site) Sidebar(ctx context.Context, blocks, customHTML []string) error {
	var b strings.Builder
	b.WriteString("$blocks = ['_multiwidget' => 1]; $html = ['_multiwidget' => 1]; $ids = [];\n")
	for i, c := range blocks {
		fmt.Fprintf(&b, "$blocks[%d] = ['content' => %s]; $ids[] = 'block-%d';\n", i+2, phpString(c), i+2)
	}
	for i, c := range customHTML {
		fmt.Fprintf(&b, "$html[%d] = ['title' => '', 'content' => %s]; $ids[] = 'custom_html-%d';\n", i+2, phpString(c), i+2)
	}
	b.WriteString(`update_option('widget_block', $blocks);
update_option('widget_custom_html', $html);
$sidebars = wp_get_sidebars_widgets();
$area = array_key_first($GLOBALS['wp_registered_sidebars']);
if (!$area) { fwrite(STDERR, 'the theme has no widget area'); exit(1); }
$sidebars[$area] = $ids;
wp_set_sidebars_widgets($sidebars);
echo $area;`)
	if _, err := s.PHP(ctx, b.String()); err != nil {
		return fmt.Errorf("wordpress: sidebar: %w", err)
	}
	return nil
}

// RSSBlock is WordPress's core RSS block reading the feed at url, as the
// block editor saves it: a dynamic block, rendered on the server.
func RSSBlock(url string, items int) string {
	return fmt.Sprintf(`<!-- wp:rss {"feedURL":%q,"itemsToShow":%d} /-->`, url, items)
}

// Plugin copies the plugin folder dir into the site's plugins and
// activates it, as an administrator uploading its zip would.
func (s *Site) Plugin(ctx context.Context, dir string) error {
	name := filepath.Base(dir)
	dst := filepath.Join(s.root, "wp-content", "plugins", name)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("wordpress: plugin: %w", err)
	}
	_, err = s.PHP(ctx, `require_once ABSPATH . 'wp-admin/includes/plugin.php';
$r = activate_plugin(`+phpString(name+"/"+name+".php")+`);
if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message()); exit(1); }`)
	if err != nil {
		return fmt.Errorf("wordpress: activating %s: %w", name, err)
	}
	return nil
}
