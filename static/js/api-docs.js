// Starts the vendored Swagger UI for /docs from a file, so the page needs no inline script under the CSP.
const mount = document.getElementById("swagger-ui");

window.ui = SwaggerUIBundle({
  url: mount.dataset.openapiUrl,
  domNode: mount,
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // The default validator badge loads an image from validator.swagger.io: off (no third-party requests).
  validatorUrl: null,
});
