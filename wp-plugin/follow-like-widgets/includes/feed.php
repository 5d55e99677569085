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

/** How many items a widget shows at most (the service's own bound). */
const FLW_MAX_ITEMS = 50;

/** How many widgets' last good copies are kept: a site shows a few. */
const FLW_MAX_LAST = 20;

/**
 * The widget's feed, as an array decoded from its JSON Feed: from this
 * request's memory, the transient, the service, or else the last good
 * copy. Failures are kept a minute too, so a dead address costs one
 * request a minute, not one per view.
 *
 * @param string $url The widget's address.
 * @return array|WP_Error
 */
function flw_feed( string $url ) {
	static $memo = array();
	$widget = flw_widget_address( $url );
	if ( null === $widget ) {
		return new WP_Error( 'flw_address', __( 'This is not a widget address: copy the “Link for WordPress” from your widget’s page.', 'follow-like-widgets' ) );
	}
	if ( ! isset( $memo[ $widget['page'] ] ) ) {
		$memo[ $widget['page'] ] = flw_fetch( $widget['page'] );
	}
	return $memo[ $widget['page'] ];
}

/**
 * The feed of the widget at $page, kept or fetched (flw_feed).
 *
 * @param string $page The widget's address, checked.
 * @return array|WP_Error
 */
function flw_fetch( string $page ) {
	$key    = 'flw_' . md5( $page );
	$cached = get_transient( $key );
	if ( is_array( $cached ) ) {
		return isset( $cached['items'] ) ? $cached : new WP_Error( 'flw_unavailable', __( 'The widget could not be fetched just now.', 'follow-like-widgets' ) );
	}
	// wp_safe_remote_get: an address typed by anyone who may post cannot
	// reach this server's own network, nor be redirected anywhere.
	$response = wp_safe_remote_get(
		$page . '.json',
		array(
			'timeout'             => FLW_TIMEOUT,
			'redirection'         => 0,
			'limit_response_size' => FLW_MAX_BYTES,
			'headers'             => array( 'Accept' => 'application/feed+json' ),
		)
	);
	$status = is_wp_error( $response ) ? 0 : (int) wp_remote_retrieve_response_code( $response );
	$feed   = null;
	if ( 200 === $status ) {
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( is_array( $decoded ) && isset( $decoded['items'] ) && is_array( $decoded['items'] ) ) {
			$decoded['items'] = array_slice( $decoded['items'], 0, FLW_MAX_ITEMS );
			$feed             = $decoded;
		}
	}
	if ( null !== $feed ) {
		set_transient( $key, $feed, flw_keep_for( (string) wp_remote_retrieve_header( $response, 'cache-control' ) ) );
		flw_keep_last( $key, $feed );
		return $feed;
	}
	if ( 404 === $status || 410 === $status ) { // Deleted on the dashboard: gone, not away.
		flw_keep_last( $key, null );
		set_transient( $key, array( 'error' => $status ), MINUTE_IN_SECONDS );
		return new WP_Error( 'flw_gone', __( 'This widget no longer exists: it was deleted on the dashboard.', 'follow-like-widgets' ) );
	}
	$last = get_option( 'flw_last', array() );
	if ( is_array( $last[ $key ]['feed'] ?? null ) ) {
		set_transient( $key, $last[ $key ]['feed'], MINUTE_IN_SECONDS ); // Ask the service again in a minute.
		return $last[ $key ]['feed'];
	}
	set_transient( $key, array( 'error' => $status ), MINUTE_IN_SECONDS );
	return new WP_Error( 'flw_unavailable', __( 'The widget could not be fetched just now.', 'follow-like-widgets' ) );
}

/**
 * Keeps (or, with null, forgets) a widget's last good copy, in one option
 * that holds the FLW_MAX_LAST most recently fetched widgets: a site shows
 * a few, and addresses typed in posts cannot fill the database.
 *
 * @param string     $key  The widget's key.
 * @param array|null $feed Its feed, or null to forget it.
 */
function flw_keep_last( string $key, ?array $feed ): void {
	$last = get_option( 'flw_last', array() );
	$last = is_array( $last ) ? $last : array();
	unset( $last[ $key ] );
	if ( null !== $feed ) {
		$last[ $key ] = array(
			'at'   => time(),
			'feed' => $feed,
		);
	}
	uasort( $last, static fn( $a, $b ) => ( $b['at'] ?? 0 ) <=> ( $a['at'] ?? 0 ) );
	update_option( 'flw_last', array_slice( $last, 0, FLW_MAX_LAST, true ), false ); // Not autoloaded: read only when the service fails.
}
