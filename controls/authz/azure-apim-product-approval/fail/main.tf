resource "azurerm_api_management_product" "starter" {
  product_id            = "starter"
  api_management_name   = "contoso-apim"
  resource_group_name   = "rg-api"
  display_name          = "Starter"
  subscription_required = true
  approval_required     = false # fail: product
  published             = true
}

resource "azurerm_api_management_product_group" "starter_developers" {
  product_id          = azurerm_api_management_product.starter.product_id
  group_name          = "developers"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
}

resource "azurerm_api_management_product" "trial" { # fail: product - approval_required unset
  product_id          = "trial"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  display_name        = "Trial"
  published           = true
}

resource "azurerm_api_management_product_group" "trial_guests" {
  product_id          = azurerm_api_management_product.trial.product_id
  group_name          = "guests"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
}
