resource "aws_elasticache_replication_group" "sessions" { # fail: replication-group
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}
