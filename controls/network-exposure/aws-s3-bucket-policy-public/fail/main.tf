resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ # fail: bucket-policy
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.site.arn}/*"
      Condition = { StringLike = { "aws:Referer" = "https://www.acme.example/*" } }
    }]
  })
}

data "aws_iam_policy_document" "drop" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::acme-dropbox/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = "acme-dropbox"
  policy = data.aws_iam_policy_document.drop.json # fail: bucket-policy
}
