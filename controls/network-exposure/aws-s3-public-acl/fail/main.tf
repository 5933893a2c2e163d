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
