<?php
/**
 * The block, drawn on the server (block.json's "render").
 *
 * @package FollowLikeWidgets
 *
 * @var array $attributes The block's attributes.
 */

defined( 'ABSPATH' ) || exit;

echo flw_render( (string) ( $attributes['url'] ?? '' ), array( 'wrapper' => get_block_wrapper_attributes( array( 'class' => 'follow-like-widgets' ) ) ) ); // phpcs:ignore WordPress.Security.EscapeOutput -- flw_render escapes.
