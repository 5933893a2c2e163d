resource "aws_elasticache_replication_group" "sessions" { # fail: replication-group
  replication_group_id = "sessions"
  description          = "user sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "catalog" {
  replication_group_id       = "catalog"
  description                = "catalog cache"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = false # fail: replication-group
}
