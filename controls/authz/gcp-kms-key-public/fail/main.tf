resource "google_kms_crypto_key_iam_member" "public" {
  crypto_key_id = "projects/acme-kms/locations/europe-west1/keyRings/app/cryptoKeys/data"
  role          = "roles/cloudkms.cryptoKeyDecrypter"
  member        = "allUsers" # fail: iam-member
}

resource "google_kms_key_ring_iam_binding" "ring" {
  key_ring_id = "projects/acme-kms/locations/europe-west1/keyRings/app"
  role        = "roles/cloudkms.cryptoKeyEncrypter"
  members     = ["allAuthenticatedUsers"] # fail: iam-binding
}
