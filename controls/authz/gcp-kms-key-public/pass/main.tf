resource "google_kms_crypto_key_iam_member" "storage" {
  crypto_key_id = "projects/acme-kms/locations/europe-west1/keyRings/app/cryptoKeys/data"
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com"
}

resource "google_kms_key_ring_iam_binding" "ring" {
  key_ring_id = "projects/acme-kms/locations/europe-west1/keyRings/app"
  role        = "roles/cloudkms.viewer"
  members     = ["group:security@example.com"]
}
