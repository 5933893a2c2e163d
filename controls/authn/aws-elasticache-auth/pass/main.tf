variable "sessions_auth_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  auth_token                 = var.sessions_auth_token
}

resource "aws_elasticache_replication_group" "catalog" {
  replication_group_id       = "catalog"
  description                = "catalog cache"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  user_group_ids             = ["catalog-users"]
}
