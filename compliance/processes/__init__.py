"""Process plumbing shared by the stages: helpers forked to share a cold scan's work, to
write caches in the background, or to hand a result back ahead of need (`forked`)."""
