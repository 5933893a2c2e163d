resource "aws_s3_bucket" "config" {
  bucket = "acme-config"
}

resource "aws_s3_object" "settings" { # fail: object
  bucket = aws_s3_bucket.config.id
  key    = "settings.json"
  source = "settings.json"
}

resource "aws_s3_object" "seed" {
  bucket                 = aws_s3_bucket.config.id
  key                    = "seed.csv"
  source                 = "seed.csv"
  server_side_encryption = "AES256" # fail: object
}
