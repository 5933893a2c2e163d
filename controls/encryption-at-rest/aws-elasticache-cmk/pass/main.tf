resource "aws_kms_key" "cache" {
  description         = "ElastiCache"
  enable_key_rotation = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}
