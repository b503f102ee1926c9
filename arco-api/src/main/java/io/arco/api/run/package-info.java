/** Run routes: trigger, list, get, cancel and run logs, with their request and response records. */
package io.arco.api.run;
