# What CloudFormation cannot write: grants in an ACL (its AccessControl is only a canned
# ACL), the inline acl and grant arguments of AWS provider 3.x, and an ACL for a bucket
# made elsewhere (AccessControl sits on the bucket the template creates). main.tf holds
# the rest, the twin of main.cfn.yaml.

data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket_acl" "shared" {
  bucket = "acme-shared"

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
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

resource "aws_s3_bucket" "legacy_private" {
  bucket = "acme-legacy-private"
  acl    = "private"
}
