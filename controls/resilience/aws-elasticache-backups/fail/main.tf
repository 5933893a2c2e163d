resource "aws_elasticache_replication_group" "sessions" { # fail: replication-group
  replication_group_id = "sessions"
  description          = "user sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_cluster" "queue" {
  cluster_id               = "queue"
  engine                   = "redis"
  node_type                = "cache.t4g.small"
  num_cache_nodes          = 1
  snapshot_retention_limit = 0 # fail: cluster
}
