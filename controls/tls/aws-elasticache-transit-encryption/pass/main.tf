resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
}

resource "aws_elasticache_cluster" "pages" {
  cluster_id                 = "pages"
  engine                     = "memcached"
  engine_version             = "1.6.22"
  node_type                  = "cache.t4g.small"
  num_cache_nodes            = 2
  transit_encryption_enabled = true
}
