package io.arco.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.Version;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Temporal side of the throughput comparison: the same layered DAG as one Temporal workflow on
 * the in-process test server of the Java SDK ({@code temporal-testing}, default options), in this
 * JVM. Per layer the workflow starts one no-op activity per asset asynchronously ({@link
 * Async#procedure}) and waits for all of them ({@link Promise#allOf}) before the next layer; one
 * worker runs them with {@code slots} activity slots ({@code maxConcurrentActivityExecutionSize}).
 * A run is timed from the client's start of the workflow to its result.
 */
public final class TemporalDag implements AutoCloseable {
  static final String TASK_QUEUE = "arco-bench-dag";

  /** The DAG as a workflow: layer after layer, every activity of a layer in parallel. */
  @WorkflowInterface
  public interface DagWorkflow {
    /** Runs the DAG; answers the number of activities completed. */
    @WorkflowMethod
    int run(int layers, int width);
  }

  /** One asset: does nothing. */
  @ActivityInterface
  public interface NoopActivity {
    @ActivityMethod
    void task(int layer, int index);
  }

  /** The workflow; Temporal instantiates it per run. */
  public static final class DagWorkflowImpl implements DagWorkflow {
    private final NoopActivity activity =
        Workflow.newActivityStub(
            NoopActivity.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public int run(int layers, int width) {
      int done = 0;
      for (int l = 0; l < layers; l++) {
        List<Promise<Void>> layer = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
          layer.add(Async.procedure(activity::task, l, i));
        }
        Promise.allOf(layer).get();
        done += width;
      }
      return done;
    }
  }

  /** The activity implementation: counts its calls, so a run can check every task ran once. */
  public static final class NoopActivityImpl implements NoopActivity {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void task(int layer, int index) {
      calls.incrementAndGet();
    }
  }

  private final TestWorkflowEnvironment env;
  private final WorkflowClient client;
  private final NoopActivityImpl activities = new NoopActivityImpl();
  private int started;

  /** Starts the test server and a worker with {@code slots} activity slots. */
  public TemporalDag(int slots) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().build());
    Worker worker =
        env.newWorker(TASK_QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(slots).build());
    worker.registerWorkflowImplementationTypes(DagWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    client = env.getWorkflowClient();
  }

  /** The SDK's version, e.g. {@code 1.31.0}. */
  static String sdkVersion() {
    return Version.LIBRARY_VERSION;
  }

  /** Runs the DAG once as a new workflow, timed from its start to its result. */
  DagRunner.Measurement run(LayeredDag dag) {
    String id = "dag-" + (++started);
    DagWorkflow wf =
        client.newWorkflowStub(
            DagWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(id).build());
    int before = activities.calls.get();
    java.util.Optional<Machine.CpuTicks> cpu0 = Machine.cpuTicks();
    long t0 = System.nanoTime();
    int done = wf.run(dag.layers(), dag.width());
    long t1 = System.nanoTime();
    java.util.OptionalDouble busy = DagRunner.busy(cpu0);
    int calls = activities.calls.get() - before;
    if (done != dag.tasks() || calls != dag.tasks()) {
      throw new IllegalStateException(
          "workflow " + id + " completed " + done + " activities (" + calls + " calls), expected " + dag.tasks());
    }
    return new DagRunner.Measurement(id, dag.tasks(), t1 - t0, 0, busy);
  }

  @Override
  public void close() {
    env.close();
  }
}
