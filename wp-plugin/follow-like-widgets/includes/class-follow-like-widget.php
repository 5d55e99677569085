<?php
/**
 * The classic widget, for themes and sites that still use them.
 *
 * @package FollowLikeWidgets
 */

defined( 'ABSPATH' ) || exit;

/** A Follow & Like widget in a classic widget area. */
class Follow_Like_Widget extends WP_Widget {

	/** Registers the widget with WordPress. */
	public function __construct() {
		parent::__construct(
			'follow_like_widget',
			__( 'Follow & Like widget', 'follow-like-widgets' ),
			array(
				'description'           => __( 'Blogs you follow or posts you like on WordPress.com, drawn by your theme.', 'follow-like-widgets' ),
				'show_instance_in_rest' => true,
			)
		);
	}

	/**
	 * Draws the widget in the theme's widget markup.
	 *
	 * @param array $args     The widget area's markup.
	 * @param array $instance The widget's settings.
	 */
	public function widget( $args, $instance ): void {
		$html = flw_render(
			(string) ( $instance['url'] ?? '' ),
			array(
				'before_title' => $args['before_title'] ?? '',
				'after_title'  => $args['after_title'] ?? '',
			)
		);
		if ( '' === $html ) {
			return;
		}
		echo $args['before_widget'] . $html . $args['after_widget']; // phpcs:ignore WordPress.Security.EscapeOutput -- the theme's markup, and flw_render escapes.
	}

	/**
	 * The widget's settings form.
	 *
	 * @param array $instance The widget's settings.
	 */
	public function form( $instance ): string {
		$url  = (string) ( $instance['url'] ?? '' );
		$help = '' !== $url && null === flw_widget_address( $url )
			? __( 'This is not a widget address: copy the “Link for WordPress” from your widget’s page, like https://widgets.example/w/….', 'follow-like-widgets' )
			: __( 'The “Link for WordPress” from your widget’s page on the dashboard.', 'follow-like-widgets' );
		printf(
			'<p><label for="%1$s">%2$s</label><input class="widefat" id="%1$s" name="%3$s" type="url" value="%4$s"><small>%5$s</small></p>',
			esc_attr( $this->get_field_id( 'url' ) ),
			esc_html__( 'Widget address', 'follow-like-widgets' ),
			esc_attr( $this->get_field_name( 'url' ) ),
			esc_attr( $url ),
			esc_html( $help )
		);
		return '';
	}

	/**
	 * Keeps the address as typed (the form says if it is not a widget's,
	 * and the widget then shows nothing), and nothing else.
	 *
	 * @param array $new_instance The settings as sent.
	 * @param array $old_instance The settings before.
	 */
	public function update( $new_instance, $old_instance ): array {
		return array( 'url' => esc_url_raw( trim( (string) ( $new_instance['url'] ?? '' ) ) ) );
	}
}
