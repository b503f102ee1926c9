/** Sensor routes (api-contract §9, decisions §2.9 and §6.7). */
package io.arco.api.sensor;
