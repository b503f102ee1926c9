/**
 * The repository as the checks see it: {@link io.arco.xtask.repo.Repo} (files, modules, parsed
 * Java), {@link io.arco.xtask.repo.CiWorkflow} (the commands of {@code .github/workflows/ci.yml})
 * and {@link io.arco.xtask.repo.MavenCommand} (which tests a Maven command line would run).
 */
package io.arco.xtask.repo;
