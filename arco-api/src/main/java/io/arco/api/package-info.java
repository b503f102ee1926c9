/**
 * The thin HTTP layer over the arco-flow {@link io.arco.flow.engine.Engine}: {@link
 * io.arco.api.ArcoServer} builds the Javalin app used by {@link io.arco.api.Main} and by every HTTP
 * test. Routes only translate: parse and validate the request, call one engine method, map the
 * result or error.
 */
package io.arco.api;
