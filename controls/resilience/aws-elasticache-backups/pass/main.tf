resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "user sessions"
  node_type                = "cache.t4g.small"
  num_cache_clusters       = 2
  snapshot_retention_limit = 7
  snapshot_window          = "03:00-04:00"
}

resource "aws_elasticache_cluster" "pages" {
  cluster_id      = "pages"
  engine          = "memcached"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 2
}

resource "aws_elasticache_cluster" "queue" {
  cluster_id               = "queue"
  engine                   = "redis"
  node_type                = "cache.t4g.small"
  num_cache_nodes          = 1
  snapshot_retention_limit = 3
}
