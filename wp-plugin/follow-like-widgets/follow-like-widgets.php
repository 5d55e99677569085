<?php
/**
 * Plugin Name:       Follow & Like Widgets
 * Plugin URI:        https://github.com/wpcom-widgets/service
 * Description:       Shows your WordPress.com "Blogs I Follow" and "Posts I Like" widgets in your own theme's markup: a shortcode, a block and a classic widget. No frame and no script: your server reads the widget; only its pictures come from the widget service.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       follow-like-widgets
 *
 * @package FollowLikeWidgets
 */

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/includes/feed.php';
require_once __DIR__ . '/includes/render.php';
require_once __DIR__ . '/includes/blogroll.php';
require_once __DIR__ . '/includes/class-follow-like-widget.php';

/**
 * [follow_like_widget url="https://widgets.example/w/ID"]
 *
 * @param array|string $atts The shortcode's attributes.
 */
function flw_shortcode( $atts ): string {
	$atts = shortcode_atts( array( 'url' => '' ), $atts, 'follow_like_widget' );
	return flw_render( (string) $atts['url'] );
}
add_shortcode( 'follow_like_widget', 'flw_shortcode' );

add_action(
	'init',
	static function () {
		register_block_type( __DIR__ . '/block' );
	}
);

add_action(
	'widgets_init',
	static function () {
		register_widget( 'Follow_Like_Widget' );
	}
);

add_action( 'wp_head', 'flw_blogroll_links' );
