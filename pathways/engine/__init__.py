"""Engine, beside the stages: the build cache, the worker pool and the atomic publishing of a site."""
