# Arco server image: build the server jar with Maven on a JDK, run it on a JRE as a non-root user.
#   docker build -t arco .
#   docker run -p 8080:8080 -v arco-data:/data -e ARCO_JWT_HS256_SECRET=change-me arco
# The store lives in the /data volume. See docs/reference/packaging.md.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY arco-flow/pom.xml arco-flow/pom.xml
COPY arco-api/pom.xml arco-api/pom.xml
COPY arco-xtask/pom.xml arco-xtask/pom.xml
COPY arco-bench/pom.xml arco-bench/pom.xml
COPY clients/python/pom.xml clients/python/pom.xml
COPY arco-flow/src arco-flow/src
COPY arco-api/src arco-api/src
RUN mvn -B -q -DskipTests -pl arco-api -am package

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 arco \
 && useradd --system --uid 10001 --gid arco --home-dir /opt/arco --shell /usr/sbin/nologin arco \
 && mkdir -p /opt/arco /data \
 && chown arco:arco /data \
 && chmod 0700 /data
WORKDIR /opt/arco
COPY --from=build /src/arco-api/target/arco.jar /opt/arco/arco.jar
COPY examples /opt/arco/examples
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/arco/arco.jar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/data"]
