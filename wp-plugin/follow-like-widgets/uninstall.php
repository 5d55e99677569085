<?php
/**
 * Deleting the plugin deletes what it kept: the widgets' last good copies
 * and their transients.
 *
 * @package FollowLikeWidgets
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;
delete_option( 'flw_last' );
delete_option( 'widget_follow_like_widget' );
$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_flw\\_%' OR option_name LIKE '\\_transient\\_timeout\\_flw\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- no API deletes transients by prefix.
