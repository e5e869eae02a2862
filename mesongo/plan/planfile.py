"""The plan file's fixed names, for the build step to read before it imports the typed plan."""

PLAN_FORMAT = 6   # bumped when the JSON shape changes; an old plan then asks for a reconfigure
DIGEST_KEY = "digest"   # the file's digest of the rest, which ninja's command carries (model.plan_file)
LAUNCH_FILE = "launch.bin"   # beside the plan: what starting Go needs (model.launch_file), read before the plan
