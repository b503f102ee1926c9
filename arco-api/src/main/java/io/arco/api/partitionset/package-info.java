/** Dynamic partition set routes (decisions §2.5, §6.6). */
package io.arco.api.partitionset;
