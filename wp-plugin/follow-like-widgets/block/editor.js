// The block in the editor: a field for the widget's address, and the
// widget as the server draws it. Plain JavaScript on WordPress's own
// packages: no build step.
( function ( blocks, element, blockEditor, components, ServerSideRender ) {
	'use strict';
	var el = element.createElement;
	blocks.registerBlockType( 'follow-like-widgets/widget', {
		edit: function ( props ) {
			var field = el( components.TextControl, {
				label: 'Widget address',
				help: 'The “Link for WordPress” from your widget’s page on the dashboard.',
				type: 'url',
				value: props.attributes.url,
				onChange: function ( url ) {
					props.setAttributes( { url: url } );
				},
			} );
			return el(
				'div',
				blockEditor.useBlockProps(),
				el( blockEditor.InspectorControls, null, el( components.PanelBody, { title: 'Widget' }, field ) ),
				props.attributes.url
					? el( ServerSideRender, { block: 'follow-like-widgets/widget', attributes: props.attributes } )
					: el( components.Placeholder, { icon: 'heart', label: 'Follow & Like widget', instructions: 'Paste your widget’s address.' }, field )
			);
		},
		save: function () {
			return null; // drawn on the server, on every view
		},
	} );
} )( window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components, window.wp.serverSideRender );
