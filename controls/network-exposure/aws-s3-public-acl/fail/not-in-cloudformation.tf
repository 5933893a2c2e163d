# What CloudFormation cannot write: grants in an ACL (its AccessControl is only a canned
# ACL), the inline acl and grant arguments of AWS provider 3.x, and an ACL for a bucket
# made elsewhere (AccessControl sits on the bucket the template creates). main.tf holds
# the rest, the twin of main.cfn.yaml.

data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket" "media" {
  bucket = "acme-media"
}

resource "aws_s3_bucket_acl" "media" {
  bucket = aws_s3_bucket.media.id

  access_control_policy {
    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }

    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # fail: bucket-acl
      }
      permission = "READ"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# legacy inline ACL arguments of aws_s3_bucket (AWS provider 3.x)
resource "aws_s3_bucket" "legacy_public" {
  bucket = "acme-legacy-public"
  acl    = "public-read-write" # fail: legacy-bucket
}

resource "aws_s3_bucket" "legacy_grant" {
  bucket = "acme-legacy-grant"

  grant {
    type        = "Group"
    permissions = ["READ_ACP", "READ"]
    uri         = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" # fail: legacy-bucket
  }
}

variable "assets_acl" {
  type = string
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = "acme-assets"
  acl    = var.assets_acl # unknown: bucket-acl
}
