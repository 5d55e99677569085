<?php
/**
 * Drawing a widget in the markup WordPress's own RSS block uses, so the
 * theme styles it as it styles its other widgets. Everything from the
 * feed is escaped where it is printed.
 *
 * @package FollowLikeWidgets
 */

defined( 'ABSPATH' ) || exit;

/**
 * The widget at $url, drawn: '' when it has nothing to show (visitors see
 * nothing; someone who may edit the page reads why).
 *
 * @param string $url  The widget's address.
 * @param array  $args before_title and after_title (a classic widget's),
 *                     wrapper (a block's wrapper attributes).
 */
function flw_render( string $url, array $args = array() ): string {
	$feed = flw_feed( $url );
	if ( is_wp_error( $feed ) ) {
		if ( current_user_can( 'edit_posts' ) ) {
			return '<p class="follow-like-widgets-error">' . esc_html( $feed->get_error_message() ) . '</p>';
		}
		return '';
	}
	$about   = is_array( $feed['_wpcom_widgets'] ?? null ) ? $feed['_wpcom_widgets'] : array();
	$display = is_array( $about['display'] ?? null ) ? $about['display'] : array();
	$kind    = ( $about['kind'] ?? '' ) === 'liked' ? 'liked' : 'following';
	$items   = array_slice( array_filter( $feed['items'], 'is_array' ), 0, FLW_MAX_ITEMS );
	if ( ! $items ) {
		return '';
	}
	$new_tab = ! empty( $display['new_tab'] );
	$target  = $new_tab ? ' target="_blank" rel="noopener"' : '';

	$out = '';
	if ( ! empty( $display['show_title'] ) && is_string( $feed['title'] ?? null ) ) {
		$before = $args['before_title'] ?? '<h2 class="follow-like-widgets__title">';
		$after  = $args['after_title'] ?? '</h2>';
		$out   .= $before . esc_html( $feed['title'] ) . $after;
	}
	$out .= '<ul class="wp-block-rss follow-like-widgets__list">';
	foreach ( $items as $item ) {
		$wpcom = is_array( $item['_wpcom'] ?? null ) ? $item['_wpcom'] : array();
		$title = is_string( $item['title'] ?? null ) ? $item['title'] : '';
		$link  = is_string( $item['url'] ?? null ) ? $item['url'] : '';
		$out  .= '<li class="wp-block-rss__item">';
		if ( ! empty( $display['show_images'] ) && is_string( $wpcom['picture'] ?? null ) ) {
			$size = 'liked' === $kind ? 40 : 32;
			$out .= '<img class="follow-like-widgets__image" src="' . esc_url( $wpcom['picture'] ) . '" alt="" width="' . $size . '" height="' . $size . '" loading="lazy" decoding="async">';
		}
		$out .= '<div class="wp-block-rss__item-title">';
		$out .= '' !== $link ? '<a href="' . esc_url( $link ) . '"' . $target . '>' . esc_html( $title ) . '</a>' : esc_html( $title );
		$out .= '</div>';
		if ( 'liked' === $kind && ! empty( $display['show_meta'] ) && is_string( $wpcom['site_name'] ?? null ) ) {
			$site = esc_html( $wpcom['site_name'] );
			if ( is_string( $wpcom['site_url'] ?? null ) ) {
				$site = '<a href="' . esc_url( $wpcom['site_url'] ) . '"' . $target . '>' . $site . '</a>';
			}
			/* translators: %s: the site a liked post is on. */
			$meta   = sprintf( __( 'on %s', 'follow-like-widgets' ), $site );
			$posted = is_string( $wpcom['posted_at'] ?? null ) ? strtotime( $wpcom['posted_at'] ) : false;
			if ( $posted ) {
				$meta .= ', <time datetime="' . esc_attr( gmdate( 'Y-m-d', $posted ) ) . '">' . esc_html( wp_date( get_option( 'date_format' ), $posted ) ) . '</time>';
			}
			$out .= '<div class="wp-block-rss__item-author">' . $meta . '</div>';
		}
		if ( ! empty( $display['show_excerpts'] ) && is_string( $item['summary'] ?? null ) && '' !== $item['summary'] ) {
			$out .= '<div class="wp-block-rss__item-excerpt">' . esc_html( $item['summary'] ) . '</div>';
		}
		$out .= '</li>';
	}
	$out .= '</ul>';

	$wrapper = $args['wrapper'] ?? 'class="follow-like-widgets"';
	return '<div ' . $wrapper . ' data-kind="' . esc_attr( $kind ) . '">' . $out . '</div>';
}
