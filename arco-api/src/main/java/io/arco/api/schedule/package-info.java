/** Schedule routes (api-contract §8): list, get, upsert, enable/disable and tick history. */
package io.arco.api.schedule;
