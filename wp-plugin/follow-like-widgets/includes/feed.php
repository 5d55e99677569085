<?php
/**
 * Fetching a widget's JSON Feed from the service: with a timeout and a
 * size cap, kept in a transient for as long as the service says (within
 * bounds), and the last good copy kept to show while the service fails.
 *
 * @package FollowLikeWidgets
 */

defined( 'ABSPATH' ) || exit;

/** The most a widget's feed may weigh: a 50-item widget is a few tens of KB. */
const FLW_MAX_BYTES = 1048576;

/** How long to wait for the service: a page is waiting. */
const FLW_TIMEOUT = 5;

/**
 * The widget a URL names: the address the dashboard gives,
 * https://service.example/w/ID, or null if it is not one.
 *
 * @param string $url An address an owner pasted.
 * @return array{page: string, id: string}|null
 */
function flw_widget_address( string $url ): ?array {
	$url = trim( $url );
	if ( ! preg_match( '~^(https?://[^/?#\s"\'<>]+(?:/[^?#\s"\'<>]*)?)/w/([a-z0-9]{10,40})/?$~', $url, $m ) ) {
		return null;
	}
	return array(
		'page' => $m[1] . '/w/' . $m[2],
		'id'   => $m[2],
	);
}

/**
 * How long a feed may be kept, from its Cache-Control: s-maxage (this
 * site is a shared cache to its visitors) or max-age, within a minute
 * and an hour.
 *
 * @param string $cache_control The response's Cache-Control header.
 */
function flw_keep_for( string $cache_control ): int {
	$seconds = 300;
	if ( preg_match( '/(?:^|,)\s*s-maxage=(\d+)/i', $cache_control, $m ) || preg_match( '/(?:^|,)\s*max-age=(\d+)/i', $cache_control, $m ) ) {
		$seconds = (int) $m[1];
	}
	return max( MINUTE_IN_SECONDS, min( HOUR_IN_SECONDS, $seconds ) );
}

/**
 * The widget's feed, as an array decoded from its JSON Feed: from the
 * transient, else from the service, else the last good copy.
 *
 * @param string $url The widget's address.
 * @return array|WP_Error
 */
function flw_feed( string $url ) {
	$widget = flw_widget_address( $url );
	if ( null === $widget ) {
		return new WP_Error( 'flw_address', __( 'This is not a widget address: copy the “Link for WordPress” from your widget’s page.', 'follow-like-widgets' ) );
	}
	$key    = 'flw_' . md5( $widget['page'] );
	$cached = get_transient( $key );
	if ( is_array( $cached ) ) {
		return $cached;
	}
	$response = wp_remote_get(
		$widget['page'] . '.json',
		array(
			'timeout'             => FLW_TIMEOUT,
			'redirection'         => 2,
			'limit_response_size' => FLW_MAX_BYTES,
			'headers'             => array( 'Accept' => 'application/feed+json' ),
		)
	);
	$feed = null;
	if ( ! is_wp_error( $response ) && 200 === wp_remote_retrieve_response_code( $response ) ) {
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( is_array( $decoded ) && isset( $decoded['items'] ) && is_array( $decoded['items'] ) ) {
			$feed = $decoded;
		}
	}
	if ( null !== $feed ) {
		set_transient( $key, $feed, flw_keep_for( (string) wp_remote_retrieve_header( $response, 'cache-control' ) ) );
		update_option( $key . '_last', $feed, false ); // Not autoloaded: read only when the service fails.
		return $feed;
	}
	$last = get_option( $key . '_last' );
	if ( is_array( $last ) ) {
		set_transient( $key, $last, MINUTE_IN_SECONDS ); // Ask the service again in a minute, not on every view.
		return $last;
	}
	return new WP_Error( 'flw_unavailable', __( 'The widget could not be fetched just now.', 'follow-like-widgets' ) );
}
