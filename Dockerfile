# flinkmem in a container: the Debian package built from this repository (CPack, the optimized
# build) and installed with apt on Debian 12, so the image holds exactly what `apt install
# ./flinkmem_*.deb` gives a machine: the binary, its man pages and completions.
#
#   docker build -t flinkmem .
#   docker run --rm -v "$PWD:$PWD" -w "$PWD" flinkmem validate .
#
# Used by action.yml (the GitHub Action) and the GitLab recipe in docs/ci.md.

FROM debian:bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        cmake ninja-build g++ python3 help2man dpkg-dev file \
        libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLINKMEM_BUILD_TESTS=OFF \
    && cmake --build /build --target package \
    && /build/flinkmem --version

FROM debian:bookworm-slim
# >>> REPOSITORY ADDRESS: the one value to set once the project has its public home. <<<
ARG FLINKMEM_REPOSITORY=https://github.com/flinkmem/flinkmem
LABEL org.opencontainers.image.source="${FLINKMEM_REPOSITORY}" \
      org.opencontainers.image.title="flinkmem" \
      org.opencontainers.image.description="Apache Flink's memory model, byte-exact: resolve, validate, simulate"
COPY --from=build /build/flinkmem_*.deb /tmp/
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/flinkmem_*.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/flinkmem_*.deb \
    && flinkmem --version
WORKDIR /work
ENTRYPOINT ["flinkmem"]
CMD ["--help"]
