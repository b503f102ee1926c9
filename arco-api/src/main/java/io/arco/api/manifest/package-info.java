/** Manifest routes: deploy, list and get (api-contract §2). */
package io.arco.api.manifest;
