resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  acl    = "public-read" # fail: bucket-acl
}

resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-partner-dropbox"
}

variable "dropbox_acl" {
  type    = string
  default = "authenticated-read"
}

resource "aws_s3_bucket_acl" "dropbox" {
  bucket = aws_s3_bucket.dropbox.id
  acl    = var.dropbox_acl # fail: bucket-acl
}

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
