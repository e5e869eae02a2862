"""The plan file's fixed names, for the build step to read before it imports the typed plan."""

PLAN_FORMAT = 10   # bumped when the JSON shape changes; an old plan then asks for a reconfigure
DIGEST_KEY = "digest"   # the file's digest of the rest, which ninja's command carries (model.plan_file)
LAUNCH_FILE = "launch.bin"   # beside the plan: what starting Go needs (model.launch_file), read before the plan
EXPORTS_LIST = "exports.list"   # in a library's private dir: the names its Go part found, one a line
# In a target's private dir: the .pc files pkg-config resolved for its `#cgo pkg-config:` names
# at the last build, one a line (buildstep/build.py writes it, launch.py tracks them).
RESOLVED_RECORD = "pkg-config-files"
# In a .pc text that setup renders: the line that becomes its Requires.private at build time
# (model.PkgConfigFiles.rendered), when the names of the `#cgo pkg-config:` lines are known.
REQUIRES_PRIVATE = "@REQUIRES_PRIVATE@"


class StalePlan(Exception):
    """The plan was written by another mesongo, or by another configure than build.ninja's
    command: a reconfigure writes both anew."""


def plan_data(text: str, digest: str | None) -> dict[str, object]:
    """A plan file's JSON object, if this mesongo wrote it and, with `digest` (the one in ninja's
    command), the configure that wrote build.ninja did; else StalePlan."""
    import json

    data: dict[str, object] = json.loads(text)
    if data.get("format") != PLAN_FORMAT:
        raise StalePlan(f"plan format {data.get('format')!r}, expected {PLAN_FORMAT}")
    if digest is not None and data.get(DIGEST_KEY) != digest:
        raise StalePlan(f"the plan's digest is {data.get(DIGEST_KEY)!r}, build.ninja's command has {digest!r}")
    return data
