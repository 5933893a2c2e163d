resource "azurerm_security_center_subscription_pricing" "servers" {
  tier = "Free" # fail: plan
}

resource "azurerm_security_center_subscription_pricing" "apis" {
  tier          = "Free" # fail: plan
  resource_type = "Api"
}
