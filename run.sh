#!/usr/bin/env bash
# Builds Bindery (without running the tests), starts it with the default model package and asks it a question about an
# image and a sound that ship with the project, printing the streamed answer and the timings. The container keeps
# running afterwards: ask more with assembly/target/assembly/bin/bindery ask ..., or open its console with
# assembly/target/assembly/bin/client -u bindery -p bindery; stop it with assembly/target/assembly/bin/stop.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17'; then
    echo "Bindery needs JDK 17: set JAVA_HOME, e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 ./run.sh" >&2
    exit 1
fi
export JAVA_HOME

echo "== building Bindery (tests skipped; run them with: mvn verify)"
mvn -B -q -ntp install -DskipTests
home="assembly/target/assembly"
package="default-package/target/bindery-default"

"$home/bin/stop" >/dev/null 2>&1 || true
"$home/bin/bindery-use-package" "$package"
echo "== starting Bindery ($home)"
"$home/bin/start"

# Wait for the shell (bin/bindery would otherwise start a container of its own for the call), then for every
# model the question needs: the services load them in the background.
echo "== waiting for the models to load"
printf 'shell:echo ready\n' | "$home/bin/client" -u bindery -p bindery -r 90 -d 2 -b >/dev/null
for _ in $(seq 1 90); do
    models="$("$home/bin/bindery" models 2>/dev/null || true)"
    encoders="$("$home/bin/bindery" encoders 2>/dev/null || true)"
    if grep -q language-model <<<"$models" && grep -q bind-network <<<"$models" \
        && grep -q '^image ' <<<"$encoders" && grep -q '^audio ' <<<"$encoders"; then
        break
    fi
    sleep 2
done
"$home/bin/bindery" models
"$home/bin/bindery" encoders

cat <<'NOTE'

== NOTE: the default model package holds TINY models with RANDOM weights (ImageBind, LLaMA and the adapter at toy
   sizes, in the official formats). Its answers are meaningless; they show the pipeline working end to end.
   For real answers convert the official checkpoints into a package (README: "Using real checkpoints").

NOTE
image="$PWD/golden/preprocess/inputs/vision/chelsea.png"
audio="$PWD/golden/preprocess/inputs/audio/speech_16k_mono.wav"
echo "== bindery ask --image chelsea.png --audio speech_16k_mono.wav:0.5 \"Guess the mood based on the image and the background sound.\""
"$home/bin/bindery" ask --image "$image" --audio "$audio:0.5" --max-tokens 32 \
    "Guess the mood based on the image and the background sound."

echo
echo "Bindery is running. More questions: $home/bin/bindery ask --help   Console: $home/bin/client -u bindery -p bindery"
echo "Stop it with: $home/bin/stop"
