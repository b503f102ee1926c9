/**
 * Java sources seen through javaparser: {@link io.arco.xtask.java.JavaFile} lists what a file
 * declares and which of its methods are tests, so evidence cells are checked against code, not
 * against text that merely looks like code.
 */
package io.arco.xtask.java;
