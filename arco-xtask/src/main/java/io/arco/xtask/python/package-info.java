/**
 * Python {@code unittest} sources seen through a small line-based reader: {@link
 * io.arco.xtask.python.PythonTestFile} lists the test methods of a file's {@code TestCase} classes
 * and whether a skip decorator disables them, so a matrix row citing a Python test is checked
 * against a method CI really runs.
 */
package io.arco.xtask.python;
