<?php
/**
 * For a page that shows a following widget, <link rel="blogroll"> to its
 * OPML in the head, so blogroll-aware readers find the blogs it follows.
 *
 * @package FollowLikeWidgets
 */

defined( 'ABSPATH' ) || exit;

/** Prints the blogroll links of the widgets on the page being shown. */
function flw_blogroll_links(): void {
	foreach ( array_unique( flw_widgets_on_page() ) as $url ) {
		$widget = flw_widget_address( $url );
		$feed   = null === $widget ? null : flw_feed( $url );
		if ( ! is_array( $feed ) || ( $feed['_wpcom_widgets']['kind'] ?? '' ) !== 'following' ) {
			continue;
		}
		printf(
			"<link rel=\"blogroll\" type=\"text/x-opml\" href=\"%s\" title=\"%s\">\n",
			esc_url( $widget['page'] . '.opml' ),
			esc_attr( is_string( $feed['title'] ?? null ) ? $feed['title'] : '' )
		);
	}
}

/**
 * The widget addresses the page being shown holds: classic and block
 * widgets in active widget areas, and the shortcodes and blocks of the
 * post shown.
 *
 * @return string[]
 */
function flw_widgets_on_page(): array {
	$urls = array();
	foreach ( (array) get_option( 'widget_follow_like_widget', array() ) as $n => $instance ) {
		if ( is_array( $instance ) && ! empty( $instance['url'] ) && is_active_widget( false, 'follow_like_widget-' . $n, 'follow_like_widget' ) ) {
			$urls[] = (string) $instance['url'];
		}
	}
	foreach ( (array) get_option( 'widget_block', array() ) as $n => $instance ) {
		if ( is_array( $instance ) && is_string( $instance['content'] ?? null ) && is_active_widget( false, 'block-' . $n, 'block' ) ) {
			$urls = array_merge( $urls, flw_widgets_in( $instance['content'] ) );
		}
	}
	if ( is_singular() ) {
		$post = get_queried_object();
		if ( $post instanceof WP_Post ) {
			$urls = array_merge( $urls, flw_widgets_in( $post->post_content ) );
		}
	}
	return $urls;
}

/**
 * The widget addresses in some content: our blocks' and shortcodes'.
 *
 * @param string $content Post or block widget content.
 * @return string[]
 */
function flw_widgets_in( string $content ): array {
	$urls   = array();
	$blocks = parse_blocks( $content );
	while ( $blocks ) {
		$block = array_shift( $blocks );
		if ( 'follow-like-widgets/widget' === $block['blockName'] && is_string( $block['attrs']['url'] ?? null ) ) {
			$urls[] = $block['attrs']['url'];
		}
		array_push( $blocks, ...$block['innerBlocks'] );
	}
	if ( has_shortcode( $content, 'follow_like_widget' ) && preg_match_all( '/' . get_shortcode_regex( array( 'follow_like_widget' ) ) . '/', $content, $matches, PREG_SET_ORDER ) ) {
		foreach ( $matches as $m ) {
			$atts = shortcode_parse_atts( $m[3] );
			if ( is_array( $atts ) && is_string( $atts['url'] ?? null ) ) {
				$urls[] = $atts['url'];
			}
		}
	}
	return $urls;
}
