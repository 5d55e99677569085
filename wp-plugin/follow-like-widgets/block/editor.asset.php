<?php
/**
 * The editor script's dependencies: WordPress's own packages, no build step.
 *
 * @package FollowLikeWidgets
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-server-side-render' ),
	'version'      => '1.0.0',
);
