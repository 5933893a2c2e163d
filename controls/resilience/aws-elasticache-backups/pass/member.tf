# CloudFormation cannot add a cache cluster to a replication group: no twin
# a member of a replication group: backed up through the group
resource "aws_elasticache_cluster" "sessions_extra" {
  cluster_id           = "sessions-extra"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
