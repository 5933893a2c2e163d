resource "aws_elasticache_replication_group" "sessions" { # fail: replication-group
  replication_group_id = "sessions"
  description          = "user sessions"
  engine               = "redis"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "catalog" {
  replication_group_id       = "catalog"
  description                = "catalog cache"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  transit_encryption_mode    = "preferred" # fail: replication-group
}

resource "aws_elasticache_cluster" "pages" { # fail: memcached
  cluster_id      = "pages"
  engine          = "memcached"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 2
}
